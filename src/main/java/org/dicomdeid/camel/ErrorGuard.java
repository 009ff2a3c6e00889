package org.dicomdeid.camel;

import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.processor.DelegateAsyncProcessor;

/**
 * Turns an {@link Error} thrown by any step of any route into a failure of that exchange.
 * Camel handles exceptions only: an Error (a StackOverflowError on a poison input, from any bean)
 * escapes its processors, the exchange never completes, the worker or poller thread dies, and
 * shutdown waits for it. With this guard the exchange fails with a
 * {@link org.dicomdeid.dicom.QuarantineException} (the input's fault: its route quarantines it)
 * or, for {@link OutOfMemoryError}, with an environment fault (the input stays for a retry).
 * {@code deid run} installs it in every context (a bean of this type in the registry is picked
 * up by camel-main); other hosts add it with {@code addInterceptStrategy}.
 */
public class ErrorGuard implements InterceptStrategy {
    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        return new Guarded(AsyncProcessorConverterHelper.convert(target));
    }

    private static final class Guarded extends DelegateAsyncProcessor {
        Guarded(AsyncProcessor processor) {
            super(processor);
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            try {
                return processor.process(exchange, callback);
            } catch (Error error) {
                exchange.setException(Faults.classify(error));
                callback.done(true);
                return true;
            }
        }
    }
}
