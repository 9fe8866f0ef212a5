package dev.sparkvar.jobapi;

import java.util.List;

/**
 * The job's standby mode, for the service's warm pool: started with {@link #OPTION} {@link #STDIN} and the
 * session's options only ({@code --master}, {@code --app-name}, {@code --conf}, {@code --properties-file}), the job
 * creates its Spark session, runs a small warm-up analysis on the bundled sample, prints {@code {"event":"ready",
 * "warmUpSeconds":…}} ({@link #READY}) and then reads <b>one</b> line from its standard input: a {@link Parameters}
 * object, the one run it is to compute. It runs exactly that run against that run's callback and exits. Standard
 * input closed before a line came (the service retired the slot, or died) ends the job with exit 0.
 * <p>
 * Why stdin: the parameters and the run's token must never be on a command line, and the pipe is private to the
 * service that started the job, needs no endpoint of its own, and closes by itself when that service dies.
 */
public final class Standby {

    /** The option that turns standby on; its value says where the parameters come from. */
    public static final String OPTION = "--standby";
    /** The only source today: one JSON line on standard input. */
    public static final String STDIN = "stdin";
    /** The event the job prints (stdout) once warmed up, ready for its run. */
    public static final String READY = "ready";

    /**
     * The one run a standby job computes.
     *
     * @param token the run's callback token (never on a command line: it travels through the pipe)
     * @param args  the run's own options ({@code --data}, {@code --simulations}, …, {@code --output},
     *              {@code --callback}); no session options, the session exists already
     */
    public record Parameters(String token, List<String> args) {
        public Parameters {
            args = List.copyOf(args);
        }
    }

    private Standby() {
    }
}
