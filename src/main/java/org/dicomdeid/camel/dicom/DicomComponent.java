package org.dicomdeid.camel.dicom;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * The {@code dicom} component: DICOM network endpoints on PixelMed. A consumer is a C-STORE and
 * C-ECHO SCP ({@code dicom:DEID?port=11112&spool=...}); a producer is a C-STORE SCU
 * ({@code dicom:PACS@127.0.0.1:4242?callingAeTitle=DEID}). The path is an AE title, ours for a
 * consumer and the peer's for a producer, optionally followed by {@code @host:port}.
 */
@Component("dicom")
public class DicomComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DicomEndpoint endpoint = new DicomEndpoint(uri, this);
        String path = remaining.startsWith("//") ? remaining.substring(2) : remaining;
        if (path.contains("@")) {
            DicomAddress address = DicomAddress.parse(path);
            endpoint.setAeTitle(address.aeTitle());
            endpoint.setHost(address.host());
            endpoint.setPort(address.port());
        } else {
            endpoint.setAeTitle(DicomAddress.checkAeTitle(path));
        }
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
