package org.dicomdeid.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A deflated data set (1.2.840.10008.1.2.1.99) is inflated into a temporary file, checked as it
 * goes: it must end where the deflate stream says (else it was truncated), and may not grow past
 * {@link ParseLimits} (a small file inflating to gigabytes is an attack, not an image).
 */
final class Inflation {
    private Inflation() {
    }

    /** Some writers end the stream with gzip's trailer: the CRC-32 and length of what it inflates to. */
    private static boolean isGzipTrailer(Source.Reader reader, long at, long length, long crc, long inflated)
            throws IOException {
        if (length != 8) {
            return false;
        }
        ByteBuffer trailer = ByteBuffer.wrap(Source.readFully(reader, at, 8)).order(ByteOrder.LITTLE_ENDIAN);
        return (trailer.getInt(0) & 0xFFFFFFFFL) == crc && (trailer.getInt(4) & 0xFFFFFFFFL) == (inflated & 0xFFFFFFFFL);
    }

    static Path inflate(Source.Reader reader, long from, long size, ParseLimits limits)
            throws QuarantineException, IOException {
        long compressed = size - from;
        long allowed = Math.max(limits.minInflationAllowed(), compressed * limits.maxInflationRatio());
        Path temporary = Temporaries.create("inflated");
        boolean ok = false;
        Inflater inflater = new Inflater(true);
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            ByteBuffer in = ByteBuffer.allocate(1 << 16);
            byte[] buffer = new byte[1 << 16];
            long position = from;
            long inflated = 0;
            CRC32 checksum = new CRC32();
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    in.clear();
                    int n = position < size ? reader.read(position, in) : -1;
                    if (n <= 0) {
                        throw new QuarantineException("truncated DICOM instance (the deflated data set ends early)");
                    }
                    position += n;
                    inflater.setInput(in.array(), 0, n);
                }
                if (inflater.needsDictionary()) {
                    throw new QuarantineException("damaged deflated data set");
                }
                int n = inflater.inflate(buffer);
                inflated += n;
                if (inflated > allowed) {
                    throw new QuarantineException("the deflated data set inflates to more than " + allowed
                            + " bytes (limit deid.parse.maxInflationRatio)");
                }
                checksum.update(buffer, 0, n);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            long trailing = size - position + inflater.getRemaining();
            if (trailing > 1 && !isGzipTrailer(reader, size - trailing, trailing, checksum.getValue(), inflated)) {
                // one byte of padding keeps the file length even; anything else was not written by a deflater
                throw new QuarantineException("bytes after the end of the deflated data set");
            }
            ok = true;
            return temporary;
        } catch (DataFormatException e) {
            throw new QuarantineException("damaged deflated data set");
        } finally {
            inflater.end();
            if (!ok) {
                Temporaries.deleteQuietly(temporary);
            }
        }
    }
}
