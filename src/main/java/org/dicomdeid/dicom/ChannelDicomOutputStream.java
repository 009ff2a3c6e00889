package org.dicomdeid.dicom;

import com.pixelmed.dicom.DicomOutputStream;

import java.io.IOException;

/**
 * PixelMed's output stream over our {@link ChannelOutput}, so that bulk values can be copied
 * from their source file into the output file by the kernel (FileChannel.transferTo) instead of
 * through the Java heap.
 */
final class ChannelDicomOutputStream extends DicomOutputStream {
    private final ChannelOutput channel;

    ChannelDicomOutputStream(ChannelOutput channel, String metaTransferSyntax, String dataTransferSyntax)
            throws IOException {
        super(channel, metaTransferSyntax, dataTransferSyntax);
        this.channel = channel;
    }

    void transferFrom(Source source, long offset, long length) throws IOException {
        flush();
        channel.transferFrom(source, offset, length);
    }
}
