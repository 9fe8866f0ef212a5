package dev.sparkvar.run;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.sparkvar.jobapi.RiskModel;
import dev.sparkvar.jobapi.VarianceReduction;
import io.quarkus.jackson.JacksonMixin;

/**
 * The contract's names in JSON: job-api's enums carry no Jackson (the module has no dependencies), so their keys
 * ({@code independent}, {@code importance}, …) are made their JSON values here, for the API and for run.json.
 */
final class JobApiJson {

    private JobApiJson() {
    }

    @JacksonMixin(RiskModel.class)
    abstract static class RiskModelKey {
        @JsonValue
        abstract String key();
    }

    @JacksonMixin(VarianceReduction.class)
    abstract static class VarianceReductionKey {
        @JsonValue
        abstract String key();
    }
}
