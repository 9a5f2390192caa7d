package org.opensearch.clip.trainer.data;

import java.util.List;

/**
 * A dataset as read, with every row that was skipped.
 *
 * @param dataset  the usable examples
 * @param problems the skipped rows, in the order they were met
 */
public record LoadedDataset(Dataset dataset, List<RowProblem> problems) {
    /** Copies the problem list. */
    public LoadedDataset {
        problems = List.copyOf(problems);
    }
}
