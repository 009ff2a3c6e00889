package org.dicomdeid.deid;

import com.pixelmed.dicom.SpecificCharacterSet;

import java.io.ByteArrayOutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;

/**
 * Writes text in the ISO 2022 code extensions a data set declares (PS3.5 6.1.2.5): PixelMed reads
 * them but writes such text in its default encoding, every ideograph and hangul becoming '?'.
 * Each run of non-ASCII characters is written with its escape sequence (ISO 2022 IR 87: ESC $ B
 * ... ESC ( B, as ISO-2022-JP; ISO 2022 IR 149: ESC $ ) C and KS X 1001 in GR, as EUC-KR), and a
 * run never crosses a delimiter (^ = \ CR LF TAB FF), where the standard resets designations.
 * Other character sets are left to PixelMed.
 */
final class Iso2022CharacterSet extends SpecificCharacterSet {
    private static final String IR87 = "ISO 2022 IR 87";
    private static final String IR149 = "ISO 2022 IR 149";
    private static final byte[] ESC_IR149 = {0x1B, '$', ')', 'C'};
    private static final Charset JIS = Charset.forName("ISO-2022-JP");
    private static final Charset KSC = Charset.forName("EUC-KR");

    private final List<String> terms;

    private Iso2022CharacterSet(String[] terms) {
        super(terms);
        this.terms = Arrays.stream(terms).map(String::strip).toList();
    }

    /** The character set of a data set's Specific Character Set values. */
    static SpecificCharacterSet of(String[] terms) {
        String[] t = terms == null ? new String[0] : terms;
        boolean iso2022Cjk = Arrays.stream(t).map(String::strip).anyMatch(s -> s.equals(IR87) || s.equals(IR149));
        return iso2022Cjk ? new Iso2022CharacterSet(t) : new SpecificCharacterSet(t);
    }

    @Override
    public byte[] translateStringToByteArray(String text) throws UnsupportedEncodingException {
        if (text.chars().allMatch(c -> c < 0x80)) {
            return super.translateStringToByteArray(text);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 3);
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                writeRun(run, out);
                out.write(c);
            } else {
                run.append(c);
            }
        }
        writeRun(run, out);
        return out.toByteArray();
    }

    private void writeRun(StringBuilder run, ByteArrayOutputStream out) {
        if (run.length() == 0) {
            return;
        }
        String s = run.toString();
        run.setLength(0);
        boolean hangul = s.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HANGUL);
        if ((hangul || !terms.contains(IR87)) && terms.contains(IR149)) {
            out.writeBytes(ESC_IR149);
            out.writeBytes(s.getBytes(KSC));
        } else {
            out.writeBytes(s.getBytes(JIS)); // ESC $ B, the JIS X 0208 bytes, ESC ( B
        }
    }
}
