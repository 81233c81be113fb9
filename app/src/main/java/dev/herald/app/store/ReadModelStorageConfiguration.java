package dev.herald.app.store;

import dev.herald.query.MongoReadModelConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Where the read models live: the MongoDB adapter, on every profile's MongoDB. */
@Configuration(proxyBeanMethods = false)
@Import(MongoReadModelConfiguration.class)
public class ReadModelStorageConfiguration {
}
