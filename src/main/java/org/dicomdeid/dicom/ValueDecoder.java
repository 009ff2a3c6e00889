package org.dicomdeid.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.StringAttribute;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.ValueRepresentation;

import java.io.IOException;
import java.io.InputStream;

/**
 * Turns the bytes of one small value into PixelMed's attribute for its VR, so the rest of the
 * project works on PixelMed's model (values, character sets, writing). The parser has already
 * checked the structure and the length; PixelMed only decodes.
 */
final class ValueDecoder {
    private static final byte[] ALL_ASCII = new byte[0x80];

    static {
        for (int i = 0; i < ALL_ASCII.length; i++) {
            ALL_ASCII[i] = (byte) i;
        }
    }

    private final ValueBytes bytes = new ValueBytes();
    private SpecificCharacterSet checkedCharset; // the last one checked, and the result
    private boolean checkedResult;
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
        // PixelMed's character set decoding formats a dump of every value for a trace log, logged
        // or not; where the bytes are ASCII and the character set reads ASCII as the default
        // decoding does, decoding without it gives the same string, and the attribute gets the
        // same character set afterwards.
        boolean viaDefault = charset != null && ValueRepresentation.isAffectedBySpecificCharacterSet(vr)
                && isAscii(value) && readsAsciiAsDefault(charset);
        Attribute a = AttributeFactory.newAttribute(tag, vr, value.length, stream, viaDefault ? null : charset,
                explicit, bytesPerSample, offset, signed);
        if (bytes.remaining() != 0) {
            throw new DicomException("value not wholly decoded");
        }
        if (viaDefault && a instanceof StringAttribute s) {
            s.setSpecificCharacterSet(charset);
        }
        return a;
    }

    private static boolean isAscii(byte[] value) {
        for (byte b : value) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code charset} decodes every ASCII byte as the default decoding (PixelMed's, without
     * a character set) does. Checked on the bytes themselves, escape included: ISO 2022 character
     * sets (escapes), JIS X 0201 (yen for backslash) and the like fail and keep PixelMed's path.
     */
    private boolean readsAsciiAsDefault(SpecificCharacterSet charset) {
        if (charset != checkedCharset) {
            checkedCharset = charset;
            checkedResult = charset.translateByteArrayToString(ALL_ASCII, 0, ALL_ASCII.length)
                    .equals(new String(ALL_ASCII, 0, ALL_ASCII.length));
        }
        return checkedResult;
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
