package org.opensearch.clip.trainer.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** A sub-command of the trainer CLI. */
interface Command {
    /** The name typed on the command line. */
    String name();

    /** One line for the command list. */
    String summary();

    /** The options and switches, one per line, for {@code help <command>}. */
    String usage();

    /** Switches (no value) the command accepts. */
    Set<String> switches();

    /** Options (with a value) the command accepts. */
    Set<String> options();

    /** Runs the command; returns the exit status. */
    int run(Arguments arguments, PrintStream out) throws Exception;

    /** Parses {@code args} for this command and runs it. */
    default int run(List<String> args, PrintStream out) throws Exception {
        return run(Arguments.parse(args, switches(), options()), out);
    }
}
