package org.opensearch.clip.trainer.eval;

import org.opensearch.clip.trainer.data.Dataset;
import org.opensearch.clip.trainer.data.Example;

import java.util.Locale;
import java.util.regex.Pattern;

/** Whether a query occurs, as whole words and case-insensitively, in some caption (training-only ones too) of a dataset. */
final class CaptionWords {
    private CaptionWords() {}

    static boolean occursIn(String query, Dataset dataset) {
        Pattern words = Pattern.compile("(?<![a-z0-9])" + Pattern.quote(query.toLowerCase(Locale.ROOT).strip()) + "(?![a-z0-9])");
        for (Example example : dataset.examples()) {
            for (String caption : example.allCaptions()) {
                if (words.matcher(caption.toLowerCase(Locale.ROOT)).find()) {
                    return true;
                }
            }
        }
        return false;
    }
}
