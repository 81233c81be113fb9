package dev.herald.query.web;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import graphql.schema.idl.RuntimeWiring;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/** The schema's two scalars: {@code DateTime} (an {@link Instant} as ISO-8601 text) and {@code JSON} (any value). */
@Component
class GraphQlScalars implements RuntimeWiringConfigurer {

    static final GraphQLScalarType DATE_TIME = GraphQLScalarType.newScalar()
            .name("DateTime")
            .description("An instant as ISO-8601 text in UTC")
            .coercing(new DateTimeCoercing())
            .build();

    static final GraphQLScalarType JSON = GraphQLScalarType.newScalar()
            .name("JSON")
            .description("Any JSON value")
            .coercing(new JsonCoercing())
            .build();

    @Override
    public void configure(RuntimeWiring.Builder builder) {
        builder.scalar(DATE_TIME).scalar(JSON);
    }

    private static final class DateTimeCoercing implements Coercing<Instant, String> {

        @Override
        public String serialize(Object value, GraphQLContext context, Locale locale) {
            if (value instanceof Instant instant) {
                return instant.toString();
            }
            throw new CoercingSerializeException("not an instant: " + value);
        }

        @Override
        public Instant parseValue(Object input, GraphQLContext context, Locale locale) {
            return parse(String.valueOf(input), CoercingParseValueException::new);
        }

        @Override
        public Instant parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                    Locale locale) {
            if (input instanceof StringValue text) {
                return parse(text.getValue(), CoercingParseLiteralException::new);
            }
            throw new CoercingParseLiteralException("DateTime must be ISO-8601 text");
        }

        private static <E extends RuntimeException> Instant parse(String text, Function<String, E> failure) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw failure.apply("not an ISO-8601 instant: " + text);
            }
        }
    }

    private static final class JsonCoercing implements Coercing<Object, Object> {

        @Override
        public Object serialize(Object value, GraphQLContext context, Locale locale) {
            return value;
        }

        @Override
        public Object parseValue(Object input, GraphQLContext context, Locale locale) {
            return input;
        }

        @Override
        public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                   Locale locale) {
            return literal(input, variables);
        }

        private static Object literal(Value<?> input, CoercedVariables variables) {
            if (input instanceof StringValue text) {
                return text.getValue();
            } else if (input instanceof BooleanValue bool) {
                return bool.isValue();
            } else if (input instanceof IntValue integer) {
                return integer.getValue();
            } else if (input instanceof FloatValue decimal) {
                return decimal.getValue();
            } else if (input instanceof NullValue) {
                return null;
            } else if (input instanceof ArrayValue array) {
                return array.getValues().stream().map(value -> literal(value, variables)).toList();
            } else if (input instanceof ObjectValue object) {
                Map<String, Object> fields = new LinkedHashMap<>();
                object.getObjectFields().forEach(field -> fields.put(field.getName(), literal(field.getValue(),
                                                                                             variables)));
                return fields;
            } else if (input instanceof VariableReference variable) {
                return variables.get(variable.getName());
            }
            throw new CoercingParseLiteralException("not a JSON value: " + input);
        }
    }
}
