package org.dicomdeid.testing;

/**
 * Where a canary was planted: the corpus file (relative path, '/' separated) and the location
 * inside it, e.g. "(0010,0010)", "(0008,1110)[0]/(0010,0010)", "meta/(0002,0016)".
 */
public record Planting(String canary, Canary.Kind kind, String file, String location) {
    @Override
    public String toString() {
        return kind + " " + canary + " at " + file + " " + location;
    }
}
