package org.dicomdeid.camel;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;

import java.io.File;
import java.nio.file.Path;

/** Where the input of an exchange lies on disk, and its name relative to the folder it was consumed from. */
record ConsumedSource(Path file, String name) {
    /** Header of Camel's file consumers: the absolute path of the consumed file. */
    static final String ABSOLUTE_PATH = "CamelFileAbsolutePath";

    static ConsumedSource of(Exchange exchange) {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_CONSUMED, String.class);
        if (name == null) {
            name = exchange.getIn().getHeader(Exchange.FILE_NAME, exchange.getExchangeId(), String.class);
        }
        return new ConsumedSource(fileOf(exchange), name);
    }

    private static Path fileOf(Exchange exchange) {
        String absolute = exchange.getIn().getHeader(ABSOLUTE_PATH, String.class);
        if (absolute != null) {
            return Path.of(absolute);
        }
        Object body = exchange.getIn().getBody();
        if (body instanceof GenericFile<?> gf && gf.getFile() instanceof File f) {
            return f.toPath();
        }
        if (body instanceof File f) {
            return f.toPath();
        }
        return body instanceof Path p ? p : null;
    }

    /** {@code name} under {@code folder}, refusing names that would leave it. */
    Path under(String folder) {
        Path base = Path.of(folder).toAbsolutePath().normalize();
        Path target = base.resolve(name).normalize();
        if (!target.startsWith(base) || target.equals(base)) {
            throw new IllegalStateException("a consumed name leaves its folder");
        }
        return target;
    }
}
