package org.opensearch.clip.plugin.testcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a short command to completion and reports its exit status and output. */
final class ProcessRunner {
    private ProcessRunner() {}

    /** The outcome of a finished command. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code command} in {@code directory} (null = current) with extra environment variables. */
    static Result run(List<String> command, Path directory, Map<String, String> environment, long timeoutSeconds) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("command timed out after " + timeoutSeconds + " s: " + command);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** Runs {@code command} and fails with its output unless it exits with 0. */
    static String runOrFail(List<String> command, Path directory, Map<String, String> environment, long timeoutSeconds) {
        Result result = run(command, directory, environment, timeoutSeconds);
        if (!result.ok()) {
            throw new IllegalStateException("command failed with exit code " + result.exitCode() + ": " + command + "\n" + result.output());
        }
        return result.output();
    }
}
