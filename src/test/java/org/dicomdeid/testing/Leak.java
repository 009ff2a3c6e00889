package org.dicomdeid.testing;

/**
 * A canary found where it must not be. {@code source} is a file's path relative to the scanned
 * folder, "name:" + that path when the canary is in the file's name, or the label given to a
 * scanned text (e.g. "log"). {@code encoding} is how it was found ("UTF-8", "UTF-16LE", ...),
 * {@code form} the variant searched for (the canary itself, or a person name component).
 */
public record Leak(String canary, Canary.Kind kind, String source, String encoding, String form, long offset,
        int count) {
    @Override
    public String toString() {
        String variant = form.equals(canary) ? "" : " as \"" + form + "\"";
        return kind + " " + canary + variant + " in " + source + " (" + encoding + ", offset " + offset
                + (count > 1 ? ", " + count + " times" : "") + ")";
    }
}
