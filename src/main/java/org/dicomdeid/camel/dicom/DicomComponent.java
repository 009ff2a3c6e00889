package org.dicomdeid.camel.dicom;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;
import java.util.Set;

/**
 * The {@code dicom} component: DICOM network endpoints on PixelMed. A consumer is a C-STORE and
 * C-ECHO SCP ({@code dicom:DEID?port=11112&spool=...}); a producer is a C-STORE SCU
 * ({@code dicom:PACS@127.0.0.1:4242?callingAeTitle=DEID}). The path is an AE title, ours for a
 * consumer and the peer's for a producer, optionally followed by {@code @host:port}. Options are
 * checked here and when the endpoint becomes a consumer or producer ({@link DicomEndpointRules}).
 */
@Component("dicom")
public class DicomComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DicomEndpoint endpoint = new DicomEndpoint(uri, this);
        String path = remaining.startsWith("//") ? remaining.substring(2) : remaining;
        boolean addressInPath = path.contains("@");
        Set<String> given = Set.copyOf(parameters.keySet());
        if (addressInPath) {
            DicomAddress address = DicomAddress.parse(path);
            for (String option : new String[] {"host", "port"}) {
                if (given.contains(option)) {
                    throw DicomEndpointRules.refused(option, "is given twice: in the path (AE@host:port) and as an option");
                }
            }
            endpoint.setAeTitle(address.aeTitle());
            endpoint.setHost(address.host());
            endpoint.setPort(address.port());
        } else {
            endpoint.setAeTitle(DicomAddress.checkAeTitle(path));
        }
        setProperties(endpoint, parameters);
        endpoint.uriGave(given, addressInPath);
        DicomEndpointRules.checkValues(endpoint);
        return endpoint;
    }
}
