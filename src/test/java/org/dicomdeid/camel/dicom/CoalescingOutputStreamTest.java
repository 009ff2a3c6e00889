package org.dicomdeid.camel.dicom;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** PDV headers written byte by byte leave in one write with their fragment; nothing waits past a flush. */
class CoalescingOutputStreamTest {
    /** Records every write that reaches the socket's stream. */
    private static final class Writes extends OutputStream {
        final List<Integer> sizes = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int flushes;

        @Override public void write(int b) { sizes.add(1); bytes.write(b); }
        @Override public void write(byte[] b, int off, int len) { sizes.add(len); bytes.write(b, off, len); }
        @Override public void flush() { flushes++; }
    }

    @Test
    void aHeaderWrittenByteByByteLeavesWithItsFragmentInOneWrite() throws IOException {
        Writes socket = new Writes();
        OutputStream out = new CoalescingOutputStream(socket);
        byte[] fragment = new byte[16_384];
        fragment[0] = 7;
        for (int i = 0; i < 12; i++) {
            out.write(i);
        }
        assertThat(socket.sizes).as("single bytes wait for what follows them").isEmpty();
        out.write(fragment, 0, fragment.length);
        out.flush();
        assertThat(socket.sizes).containsExactly(12 + fragment.length);
        assertThat(socket.flushes).isEqualTo(1);
        byte[] sent = socket.bytes.toByteArray();
        assertThat(sent[11]).isEqualTo((byte) 11);
        assertThat(sent[12]).isEqualTo((byte) 7);
    }

    @Test
    void arraysAreNeverHeldBackAndAFlushSendsWaitingBytes() throws IOException {
        Writes socket = new Writes();
        OutputStream out = new CoalescingOutputStream(socket);
        out.write(new byte[]{1, 2, 3}, 0, 3);
        assertThat(socket.sizes).containsExactly(3);
        out.write(9);
        out.flush();
        assertThat(socket.sizes).containsExactly(3, 1);
        assertThat(socket.bytes.toByteArray()).containsExactly(1, 2, 3, 9);
    }

    @Test
    void aLargeFragmentGoesAfterItsHeaderWithoutACopy() throws IOException {
        Writes socket = new Writes();
        OutputStream out = new CoalescingOutputStream(socket);
        out.write(5);
        byte[] big = new byte[1 << 20];
        out.write(big, 0, big.length);
        assertThat(socket.sizes).containsExactly(1, big.length);
    }
}
