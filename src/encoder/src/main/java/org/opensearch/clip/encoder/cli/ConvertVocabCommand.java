package org.opensearch.clip.encoder.cli;

import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.tokenize.ClipBpeVocabulary;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code convert-vocab <bpe_simple_vocab_16e6.txt.gz> <tokenizer.json>}: converts OpenAI CLIP's BPE vocabulary into
 * the Hugging Face {@code tokenizer.json} a bundle needs (see {@link ClipBpeVocabulary}).
 */
public final class ConvertVocabCommand {
    /** The usage line. */
    public static final String USAGE = "convert-vocab <bpe_simple_vocab_16e6.txt.gz> <tokenizer.json>";

    private ConvertVocabCommand() {}

    /** Runs the command; returns the process exit status (0 done, 1 failed, 2 usage). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 2) {
            err.println("usage: " + USAGE);
            return 2;
        }
        Path vocabulary = Path.of(args.get(0));
        Path tokenizer = Path.of(args.get(1));
        try {
            ClipBpeVocabulary.read(vocabulary, ClipBpeVocabulary.CLIP_MERGES).writeTokenizerJson(tokenizer);
        } catch (IOException e) {
            err.println("convert-vocab: " + e.getMessage());
            return 1;
        }
        out.println(tokenizer + " written (sha256 " + ModelBundle.sha256(tokenizer) + ")");
        return 0;
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }
}
