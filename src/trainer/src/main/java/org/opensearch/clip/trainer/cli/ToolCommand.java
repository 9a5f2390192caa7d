package org.opensearch.clip.trainer.cli;

import org.opensearch.clip.encoder.cli.ArchiveBundleCommand;
import org.opensearch.clip.encoder.cli.ConvertVocabCommand;
import org.opensearch.clip.encoder.cli.HubBundleCommand;
import org.opensearch.clip.trainer.ivf.IvfMain;

import java.io.PrintStream;
import java.util.List;

/**
 * A command whose own entry point parses its arguments (model conversion from the encoder module, IVF k-means),
 * listed and run by {@code clip-trainer} beside the training commands.
 */
record ToolCommand(String name, String summary, String usage, Runner runner) {
    /** An entry point taking raw arguments and returning an exit status. */
    interface Runner {
        int run(List<String> args, PrintStream out, PrintStream err);
    }

    /** The tool commands, in the order help lists them. */
    static List<ToolCommand> all() {
        return List.of(
            new ToolCommand("convert-vocab", "convert OpenAI CLIP's BPE vocabulary into a Hugging Face tokenizer.json",
                ConvertVocabCommand.USAGE, ConvertVocabCommand::run),
            new ToolCommand("bundle-archive", "build a model bundle from an OpenAI-layout TorchScript archive",
                ArchiveBundleCommand.USAGE, ArchiveBundleCommand::run),
            new ToolCommand("bundle-hub", "build a model bundle from a Hugging Face Hub CLIP snapshot (transformers or OpenCLIP) or an OpenAI ViT archive bundle, fp32, bf16 or int8",
                HubBundleCommand.USAGE, HubBundleCommand::run),
            new ToolCommand("ivf", IvfMain.SUMMARY, IvfMain.USAGE, IvfMain::run)
        );
    }
}
