package dev.herald.command.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

class CaffeineCacheTest {

    @Test
    void keepsEntriesStronglyAndTellsListenersWhatChanged() {
        CaffeineCache cache = new CaffeineCache(100);
        List<String> seen = new ArrayList<>();
        Registration registration = cache.registerCacheEntryListener(new Recording(seen));

        cache.put("a", 1);
        System.gc();
        assertThat(cache.<String, Integer>get("a")).isEqualTo(1);
        cache.put("a", 2);
        assertThat(cache.putIfAbsent("a", 3)).isFalse();
        assertThat(cache.computeIfAbsent("b", () -> 4)).isEqualTo(4);
        cache.computeIfPresent("b", (Integer value) -> value + 1);
        assertThat(cache.<String, Integer>get("b")).isEqualTo(5);
        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.remove("a")).isFalse();
        assertThat(cache.containsKey("a")).isFalse();
        registration.cancel();
        cache.put("c", 6);

        assertThat(seen).containsExactly("created a=1", "read a=1", "updated a=2", "created b=4", "updated b=5",
                                         "read b=5", "removed a");
    }

    @Test
    void evictsBeyondItsSize() {
        CaffeineCache cache = new CaffeineCache(10);
        for (int i = 0; i < 1_000; i++) {
            cache.put(i, i);
        }
        long kept = java.util.stream.IntStream.range(0, 1_000).filter(cache::containsKey).count();
        // Caffeine evicts asynchronously; it never holds more than a little over its maximum.
        assertThat(kept).isLessThan(1_000);
    }

    private record Recording(List<String> seen) implements Cache.EntryListener {

        @Override
        public void onEntryExpired(Object key) {
            seen.add("expired " + key);
        }

        @Override
        public void onEntryRemoved(Object key) {
            seen.add("removed " + key);
        }

        @Override
        public void onEntryUpdated(Object key, Object value) {
            seen.add("updated " + key + "=" + value);
        }

        @Override
        public void onEntryCreated(Object key, Object value) {
            seen.add("created " + key + "=" + value);
        }

        @Override
        public void onEntryRead(Object key, Object value) {
            seen.add("read " + key + "=" + value);
        }

        @Override
        public Object clone() {
            return this;
        }
    }
}
