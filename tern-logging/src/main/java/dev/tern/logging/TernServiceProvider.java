package dev.tern.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/** Tern's SLF4J 2 provider (found through {@code META-INF/services}): every library's logging goes through it. */
public final class TernServiceProvider implements SLF4JServiceProvider {

    private TernLoggerFactory factory;
    private IMarkerFactory markers;
    private MDCAdapter mdc;

    @Override
    public ILoggerFactory getLoggerFactory() { return factory; }

    @Override
    public IMarkerFactory getMarkerFactory() { return markers; }

    @Override
    public MDCAdapter getMDCAdapter() { return mdc; }

    @Override
    public String getRequestedApiVersion() { return "2.0.99"; }

    @Override
    public void initialize() {
        factory = new TernLoggerFactory();
        markers = new BasicMarkerFactory();
        mdc = new NOPMDCAdapter();
    }
}
