package org.dicomdeid.camel.dicom;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.dicomdeid.dicom.DicomObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The C-STORE SCU. The body is one instance (a {@link File}, {@link Path}, Part 10
 * {@code byte[]}, {@link DicomObject}, or anything Camel converts to a File such as a file
 * consumer's message) or a collection of them, all sent on one association. The association
 * stays open for {@code idleTimeout} ms so the following exchanges reuse it. Any failure
 * (unreachable peer, refused association, failure status) raises {@link DicomStoreException},
 * for Camel's error handler to redeliver; a batch is then sent again as a whole (C-STORE of an
 * instance the peer already has is harmless).
 */
public class DicomProducer extends DefaultProducer {
    private static final Logger LOG = LoggerFactory.getLogger(DicomProducer.class);

    private StoreScu scu;
    private ScheduledExecutorService idleCloser;

    public DicomProducer(DicomEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public DicomEndpoint getEndpoint() {
        return (DicomEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        DicomEndpoint ep = getEndpoint();
        scu = new StoreScu(ep.address(), ep.getCallingAeTitle(), ep.isConvertWhenRefused(), ep::associationOpened);
        long idle = ep.getIdleTimeout();
        if (idle > 0) {
            idleCloser = ep.getCamelContext().getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "DicomProducerIdle[" + ep.getAeTitle() + "]");
            long period = Math.max(100, idle / 4);
            long idleNanos = TimeUnit.MILLISECONDS.toNanos(idle);
            idleCloser.scheduleWithFixedDelay(() -> {
                synchronized (scu) {
                    scu.closeIfIdle(idleNanos);
                }
            }, period, period, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (idleCloser != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(idleCloser);
            idleCloser = null;
        }
        if (scu != null) {
            synchronized (scu) {
                scu.close();
            }
        }
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        List<OutgoingInstance> instances = new ArrayList<>();
        collect(exchange, exchange.getIn().getBody(), instances);
        if (instances.isEmpty()) {
            throw new DicomStoreException("nothing to send: the message body holds no DICOM instance");
        }
        int status = 0;
        synchronized (scu) {
            try {
                for (OutgoingInstance instance : instances) {
                    status = scu.store(instance);
                }
            } finally {
                if (getEndpoint().getIdleTimeout() <= 0) {
                    scu.close();
                }
            }
        }
        LOG.debug("Stored {} instances at {}", instances.size(), getEndpoint().address());
        exchange.getMessage().setHeader(DicomConstants.STORE_STATUS, status);
        exchange.getMessage().setHeader(DicomConstants.STORED_COUNT, instances.size());
    }

    private static void collect(Exchange exchange, Object body, List<OutgoingInstance> into) throws IOException {
        if (body == null) {
            return;
        }
        if (body instanceof DicomObject o) {
            into.add(OutgoingInstance.of(o));
        } else if (body instanceof byte[] bytes) {
            into.add(OutgoingInstance.of(bytes));
        } else if (body instanceof Path p) {
            into.add(OutgoingInstance.of(p));
        } else if (body instanceof File f) {
            into.add(OutgoingInstance.of(f.toPath()));
        } else if (body instanceof Iterable<?> items) {
            for (Object item : items) {
                collect(exchange, item, into);
            }
        } else if (body instanceof Object[] items) {
            for (Object item : items) {
                collect(exchange, item, into);
            }
        } else {
            File file = exchange.getContext().getTypeConverter().tryConvertTo(File.class, exchange, body);
            if (file != null) {
                into.add(OutgoingInstance.of(file.toPath()));
                return;
            }
            byte[] bytes = exchange.getContext().getTypeConverter().tryConvertTo(byte[].class, exchange, body);
            if (bytes == null) {
                throw new DicomStoreException("cannot send a body of type " + body.getClass().getName());
            }
            into.add(OutgoingInstance.of(bytes));
        }
    }
}
