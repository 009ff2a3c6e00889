package org.dicomdeid.pixel;

import java.awt.Rectangle;
import java.util.Optional;

/**
 * A rectangle of an image to blank, in pixels: {@code x} columns from the left edge and
 * {@code y} rows from the top, then {@code width} columns by {@code height} rows.
 */
public record Region(int x, int y, int width, int height) {

    public Region {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("region needs x, y >= 0 and width, height > 0");
        }
    }

    /**
     * The part of this region inside an image of the given size: rules are written for a device
     * and may reach beyond the edge on purpose (e.g. a width of 10000 for "the whole row").
     */
    public Optional<Region> clippedTo(int columns, int rows) {
        long right = Math.min((long) x + width, columns);
        long bottom = Math.min((long) y + height, rows);
        if (x >= columns || y >= rows || right <= x || bottom <= y) {
            return Optional.empty();
        }
        return Optional.of(new Region(x, y, (int) (right - x), (int) (bottom - y)));
    }

    public boolean contains(int column, int row) {
        return column >= x && column < x + width && row >= y && row < y + height;
    }

    public Rectangle toRectangle() {
        return new Rectangle(x, y, width, height);
    }
}
