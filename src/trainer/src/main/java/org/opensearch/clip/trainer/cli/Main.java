package org.opensearch.clip.trainer.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code clip-trainer} command line: {@code clip-trainer <command> [options]}. */
public final class Main {
    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();
    private static final Map<String, ToolCommand> TOOLS = new LinkedHashMap<>();

    static {
        for (Command c : List.of(new TrainCommand(), new EvaluateCommand(), new SearchCommand(), new BenchmarkCommand(), new DownloadCommand())) {
            COMMANDS.put(c.name(), c);
        }
        for (ToolCommand t : ToolCommand.all()) {
            TOOLS.put(t.name(), t);
        }
    }

    private Main() {}

    /** Runs a command and exits with its status. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command, printing to {@code out} and errors to {@code err}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            if (args.length > 1 && COMMANDS.containsKey(args[1])) {
                Command c = COMMANDS.get(args[1]);
                out.println("clip-trainer " + c.name() + ": " + c.summary());
                out.print(c.usage());
            } else if (args.length > 1 && TOOLS.containsKey(args[1])) {
                ToolCommand t = TOOLS.get(args[1]);
                out.println("clip-trainer " + t.name() + ": " + t.summary());
                out.println(t.usage());
            } else {
                help(out);
            }
            return args.length == 0 ? 2 : 0;
        }
        ToolCommand tool = TOOLS.get(args[0]);
        if (tool != null) {
            return tool.runner().run(Arrays.asList(args).subList(1, args.length), out, err);
        }
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            err.println("unknown command [" + args[0] + "]");
            help(err);
            return 2;
        }
        try {
            return command.run(Arrays.asList(args).subList(1, args.length), out);
        } catch (UsageException | IllegalArgumentException e) {
            err.println("clip-trainer " + command.name() + ": " + e.getMessage());
            err.println("see: clip-trainer help " + command.name());
            return 2;
        } catch (Exception e) {
            err.println("clip-trainer " + command.name() + " failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private static void help(PrintStream out) {
        out.println("usage: clip-trainer <command> [options]   (clip-trainer help <command> lists a command's options)");
        for (Command c : COMMANDS.values()) {
            out.printf("  %-15s %s%n", c.name(), c.summary());
        }
        for (ToolCommand t : TOOLS.values()) {
            out.printf("  %-15s %s%n", t.name(), t.summary());
        }
    }
}
