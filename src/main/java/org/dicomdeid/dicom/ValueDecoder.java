package org.dicomdeid.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TransferSyntax;

import java.io.IOException;
import java.io.InputStream;

/**
 * Turns the bytes of one small value into PixelMed's attribute for its VR, so the rest of the
 * project works on PixelMed's model (values, character sets, writing). The parser has already
 * checked the structure and the length; PixelMed only decodes.
 */
final class ValueDecoder {
    private final ValueBytes bytes = new ValueBytes();
    private final DicomInputStream stream;
    private final boolean explicit;

    ValueDecoder(boolean explicit, boolean bigEndian) throws IOException {
        this.explicit = explicit;
        String ts = bigEndian ? TransferSyntax.ExplicitVRBigEndian
                : explicit ? TransferSyntax.ExplicitVRLittleEndian : TransferSyntax.ImplicitVRLittleEndian;
        this.stream = new DicomInputStream(bytes, ts, false);
    }

    Attribute decode(AttributeTag tag, byte[] vr, byte[] value, long offset, SpecificCharacterSet charset,
                     int bytesPerSample, boolean signed) throws DicomException, IOException {
        bytes.set(value);
        Attribute a = AttributeFactory.newAttribute(tag, vr, value.length, stream, charset, explicit,
                bytesPerSample, offset, signed);
        if (bytes.remaining() != 0) {
            throw new DicomException("value not wholly decoded");
        }
        return a;
    }

    /** The current value's bytes, as a stream that can be given new bytes for every value. */
    private static final class ValueBytes extends InputStream {
        private byte[] value = new byte[0];
        private int position;

        void set(byte[] value) {
            this.value = value;
            this.position = 0;
        }

        int remaining() {
            return value.length - position;
        }

        @Override
        public int read() {
            return position < value.length ? value[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= value.length) {
                return len == 0 ? 0 : -1;
            }
            int n = Math.min(len, value.length - position);
            System.arraycopy(value, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            int k = (int) Math.max(0, Math.min(n, value.length - position));
            position += k;
            return k;
        }

        @Override
        public int available() {
            return value.length - position;
        }
    }
}
