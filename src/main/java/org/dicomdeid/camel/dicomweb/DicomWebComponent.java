package org.dicomdeid.camel.dicomweb;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.util.PropertiesHelper;

import java.util.Map;

/**
 * The {@code dicomweb} component: a DICOMweb server as a destination and as a source. A producer
 * stores with STOW-RS ({@code dicomweb:https://pacs.example/dicom-web?username=deid&passwordFile=...});
 * a consumer polls QIDO-RS for studies ({@code accessionList=...} and/or {@code qido.Key=value}
 * filters) and retrieves each new one with WADO-RS. The path is the base URL of the DICOMweb
 * service (no default: it is where the data goes, or comes from).
 */
@Component("dicomweb")
public class DicomWebComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DicomWebEndpoint endpoint = new DicomWebEndpoint(uri, this);
        endpoint.setBaseUrl(remaining);
        Map<String, Object> qido = PropertiesHelper.extractProperties(parameters, "qido.");
        if (!qido.isEmpty()) {
            endpoint.setQido(qido);
        }
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
