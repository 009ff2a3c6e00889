package org.dicomdeid.dicom;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** A buffered stream onto a channel that can also take a region of a source without copying it. */
final class ChannelOutput extends OutputStream {
    private final WritableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);

    ChannelOutput(WritableByteChannel channel) {
        this.channel = channel;
    }

    @Override
    public void write(int b) throws IOException {
        if (!buffer.hasRemaining()) {
            drain();
        }
        buffer.put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len > buffer.remaining()) {
            drain();
            if (len > buffer.capacity()) {
                ByteBuffer direct = ByteBuffer.wrap(b, off, len);
                while (direct.hasRemaining()) {
                    channel.write(direct);
                }
                return;
            }
        }
        buffer.put(b, off, len);
    }

    void transferFrom(Source source, long offset, long length) throws IOException {
        drain();
        source.transferTo(offset, length, channel);
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    @Override
    public void flush() throws IOException {
        drain();
    }

    @Override
    public void close() throws IOException {
        drain(); // the owner closes (and forces) the channel
    }
}
