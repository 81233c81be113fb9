package dev.herald.query.replay;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Projection status and replay for operators; the app restricts {@code /api/v1/admin/**} to admin keys. */
@RestController
@RequestMapping("/api/v1/admin/projections")
class ProjectionAdminController {

    /** Stopping a processor waits for its current batch. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ProjectionReplays replays;

    ProjectionAdminController(ProjectionReplays replays) {
        this.replays = replays;
    }

    @GetMapping
    Mono<List<ProjectionReport>> list() {
        return blocking(replays::reports);
    }

    @GetMapping("/{name}")
    Mono<ProjectionReport> one(@PathVariable String name) {
        return blocking(() -> replays.report(name));
    }

    /** Answers once the rebuild has started; {@code GET} follows its progress. */
    @PostMapping("/{name}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<ProjectionReport> replay(@PathVariable String name) {
        return blocking(() -> replays.replay(name));
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call)
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(TIMEOUT)
                .onErrorMap(UnknownProjectionException.class,
                            e -> new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage()))
                .onErrorMap(ReplayNotPossibleException.class,
                            e -> new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage()));
    }
}
