package dev.sparkvar.run;

import java.util.List;

/** What is written to {@code <runs dir>/<id>/run.json}: the run, its events and its log tail. */
public record StoredRun(RunView run, List<RunEvent> events, List<String> log) {
}
