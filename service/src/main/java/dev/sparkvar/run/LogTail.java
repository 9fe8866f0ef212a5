package dev.sparkvar.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The last lines of a job's output (bounded, like Livy's CircularQueue). */
final class LogTail {

    private static final int MAX_LINE = 2000;

    private final int capacity;
    private final ArrayDeque<String> lines;
    private long dropped;

    LogTail(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
            dropped++;
        }
        lines.addLast(line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + " …" : line);
    }

    synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    synchronized long dropped() {
        return dropped;
    }
}
