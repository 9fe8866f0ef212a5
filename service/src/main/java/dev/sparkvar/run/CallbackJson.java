package dev.sparkvar.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.sparkvar.jobapi.JobError;
import dev.sparkvar.jobapi.JobEvents;
import dev.sparkvar.jobapi.ProgressReport;
import dev.sparkvar.problem.StrictJson;

import java.lang.reflect.Type;
import java.util.function.BiFunction;

/**
 * How the job's callback bodies are read: strictly ({@link StrictJson}), except for the {@code event} key the job
 * sends first in each body (its callback bodies are its stdout event lines, spark-job's {@code EventLine}).
 */
public final class CallbackJson implements BiFunction<ObjectMapper, Type, ObjectReader> {

    /** The {@code event} name is the line's, not the record's. */
    @JsonIgnoreProperties({JobEvents.FIELD})
    private interface EventKeyIgnored {
    }

    private static volatile ObjectMapper withMixIns;

    @Override
    public ObjectReader apply(ObjectMapper mapper, Type type) {
        ObjectMapper m = withMixIns;
        if (m == null) { // one copy, made once: the shared mapper with the mix-ins
            m = mapper.copy().addMixIn(ProgressReport.class, EventKeyIgnored.class)
                    .addMixIn(JobError.class, EventKeyIgnored.class);
            withMixIns = m;
        }
        return new StrictJson().apply(m, type);
    }
}
