package org.opensearch.clip.trainer.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects the rows skipped during a run, each once, from any thread. */
public final class ProblemLog {
    private final Map<String, RowProblem> problems = new LinkedHashMap<>();

    /** Records a problem unless the same source and location was recorded before; returns whether it is new. */
    public synchronized boolean add(RowProblem problem) {
        return problems.putIfAbsent(problem.source() + "\u0000" + problem.location(), problem) == null;
    }

    /** Records every problem of a list. */
    public synchronized void addAll(List<RowProblem> list) {
        list.forEach(this::add);
    }

    /** The problems recorded so far, in the order they were first met. */
    public synchronized List<RowProblem> all() {
        return new ArrayList<>(problems.values());
    }
}
