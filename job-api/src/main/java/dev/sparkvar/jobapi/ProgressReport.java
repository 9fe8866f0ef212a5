package dev.sparkvar.jobapi;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * One progress report, e.g. {@code {"phase":"simulating","tasksDone":3,"tasksTotal":8,"percent":37.5}} (on stdout
 * with {@code "event":"progress"} first). Components are boxed so that a missing field is reported, not read as 0.
 *
 * @param phase the current phase's key: loading, returns, prices, portfolio, simulating, aggregating, done
 * @param tasksDone Spark tasks of this phase finished so far, at most {@code tasksTotal}
 * @param tasksTotal Spark tasks of this phase submitted so far
 * @param percent overall job progress, 0 to 100, never decreasing
 */
@TasksWithinTotal
public record ProgressReport(
        @NotBlank(message = Messages.NON_EMPTY_STRING)
        @Size(max = Messages.MAX_TEXT, message = Messages.NON_EMPTY_STRING)
        String phase,
        @NotNull(message = Messages.NON_NEGATIVE_INTEGER)
        @PositiveOrZero(message = Messages.NON_NEGATIVE_INTEGER)
        Integer tasksDone,
        @NotNull(message = Messages.NON_NEGATIVE_INTEGER)
        @PositiveOrZero(message = Messages.NON_NEGATIVE_INTEGER)
        Integer tasksTotal,
        @NotNull(message = PERCENT)
        @DecimalMin(value = "0", message = PERCENT)
        @DecimalMax(value = "100", message = PERCENT)
        Double percent) {

    static final String PERCENT = "must be a number in [0.0, 100.0]";
}
