package dev.sparkvar.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.sparkvar.jobapi.ExitCode;
import dev.sparkvar.jobapi.JobError;
import dev.sparkvar.jobapi.JobResult;
import dev.sparkvar.jobapi.ProgressReport;
import dev.sparkvar.jobapi.ResultDocument;
import dev.sparkvar.job.model.BacktestResult;
import dev.sparkvar.job.model.ModelFigures;
import org.junit.jupiter.api.Test;

/** The job side of the job-api contract: the wire format of its lines, and records usable without Bean Validation. */
class JobContractTests {

    @Test
    void progressAndErrorLinesKeepTheirWireFormat() {
        assertEquals("{\"event\":\"progress\",\"phase\":\"simulating\",\"tasksDone\":3,\"tasksTotal\":8,\"percent\":37.5}",
                EventLine.progress(new ProgressReport("simulating", 3, 8, 37.5)));
        assertEquals("{\"event\":\"error\",\"exitCode\":2,\"message\":\"Data file not found: x.csv\"}",
                EventLine.error(new JobError(ExitCode.BAD_INPUT, "Data file not found: x.csv")));
    }

    @Test
    void theResultDocumentReadsAsTheFiguresTheServiceChecks() throws Exception {
        VarResult result = new VarResult(Map.of("AAA", 100.0), null, null, 100.0, 500, 5, 7L, List.of(0.05, 0.01),
                "none", null, Map.of("0.05", -3.0, "0.01", -5.0), Map.of("0.05", -4.0, "0.01", -6.0),
                Map.of("0.05", 0.3, "0.01", 0.5), Map.of("0.05", 0.4, "0.01", 0.6), null, null, null, null,
                List.of(), Map.of(), 1, 10L, 2, null, null);
        JobResult figures = VarJob.JSON.readerFor(JobResult.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(VarJob.toJson(result));
        assertEquals(new JobResult(500, List.of(0.05, 0.01), result.var(), result.expectedShortfall(),
                result.varStandardError(), result.expectedShortfallStandardError()), figures);
        assertEquals("0.05", JobResult.levelKey(0.05));
    }

    @Test
    void theResultRecordsHaveEveryFieldTheContractNames() {
        List<String> top = Arrays.stream(VarResult.class.getRecordComponents()).map(RecordComponent::getName).toList();
        for (String field : ResultDocument.SUMMARY) {
            assertTrue(top.contains(field), "VarResult has no " + field);
        }
        assertTrue(top.containsAll(List.of(ResultDocument.MODELS, ResultDocument.HISTOGRAM, ResultDocument.BACKTEST)));
        assertTrue(Arrays.stream(ModelFigures.class.getRecordComponents())
                .anyMatch(c -> c.getName().equals(ResultDocument.HISTOGRAM)));
        assertTrue(Arrays.stream(BacktestResult.class.getRecordComponents())
                .anyMatch(c -> c.getName().equals(ResultDocument.BACKTEST_SERIES)));
    }

    @Test
    void theConstraintAnnotationsAreAbsentHereAndIgnored() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("jakarta.validation.constraints.NotNull"));
        // reading the annotations (as Jackson does) skips the absent ones instead of failing
        assertEquals(0, ProgressReport.class.getRecordComponents()[0].getAccessor().getAnnotations().length);
        assertEquals(1, ProgressReport.class.getAnnotations().length); // @TasksWithinTotal, its own class present
    }
}
