package org.dicomdeid.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UnsignedLongAttribute;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * Writes an instance with fresh file meta information (ours, no Source AE Title). Small values
 * go through PixelMed's encoder; bulk values are copied from their source by the kernel where
 * the target is a file (see {@link ChannelDicomOutputStream}).
 */
final class DicomWriter {
    private DicomWriter() {
    }

    static void write(DicomObject object, WritableByteChannel target) throws IOException {
        AttributeList list = object.dataset();
        ChannelOutput out = new ChannelOutput(target);
        try {
            list.removeGroupLengthAttributes();
            list.removeMetaInformationHeaderAttributes();
            FileMetaInformation.addFileMetaInformation(list, object.transferSyntaxUID(), null);
            list.replace(TagFromName.ImplementationClassUID, DicomFiles.IMPLEMENTATION_CLASS_UID);
            list.replace(TagFromName.ImplementationVersionName, DicomFiles.IMPLEMENTATION_VERSION);
            updateMetaGroupLength(list);
            DicomOutputStream dout = new ChannelDicomOutputStream(out, TransferSyntax.ExplicitVRLittleEndian,
                    object.transferSyntaxUID());
            list.write(dout);
            dout.flush();
        } catch (DicomException e) {
            throw new IOException("cannot encode DICOM instance: " + e.getClass().getSimpleName(), e);
        }
        out.flush();
    }

    /** PixelMed computed the group length before our implementation identity replaced its own. */
    private static void updateMetaGroupLength(AttributeList list) throws DicomException, IOException {
        AttributeList meta = new AttributeList();
        for (Attribute a : list.values()) {
            if (a.getTag().getGroup() == 0x0002 && a.getTag().getElement() != 0x0000) {
                meta.put(a);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        meta.write(new DicomOutputStream(bytes, null, TransferSyntax.ExplicitVRLittleEndian));
        UnsignedLongAttribute length = new UnsignedLongAttribute(TagFromName.FileMetaInformationGroupLength);
        length.addValue(bytes.size());
        list.put(length);
    }
}
