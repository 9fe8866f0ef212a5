package dev.sparkvar.problem;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.lang.reflect.Type;
import java.util.function.BiFunction;

/**
 * How request bodies of this service's own API are read, for
 * {@code @CustomDeserialization(StrictJson.class)} on a resource: a field the body's type does not have is a 400
 * naming it ({@link ProblemMappers#unknownField}), and so is a key given twice (the second would silently win) and a
 * fraction where a whole number belongs ({@code "simulations": 1.5} would silently be 1).
 * <p>
 * Per resource on purpose, not {@code quarkus.jackson.fail-on-unknown-properties}: the shared {@link ObjectMapper}
 * also reads what others send us (an oshinko server's replies with fields we do not model, Graphite, our own
 * stored runs written by an older version), and that must stay lenient.
 */
public final class StrictJson implements BiFunction<ObjectMapper, Type, ObjectReader> {

    @Override
    public ObjectReader apply(ObjectMapper mapper, Type type) {
        return mapper.readerFor(mapper.constructType(type))
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }
}
