package io.sluice.engine.system;

import io.sluice.engine.system.Metrics.Event;
import io.sluice.engine.system.Metrics.Gauge;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanRegistrationException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import io.sluice.spi.log.Logger;
import io.sluice.spi.log.LoggerFactory;

/**
 * An engine's counters and gauges as a read-only JMX MBean named
 * {@code io.sluice:type=AsyncInsertEngine,target="<target>",id=<n>}: one {@code long} attribute per
 * {@code system.events} and {@code system.metrics} row, under the same names, so JConsole or the
 * Prometheus JMX exporter see them without code.
 */
public final class MetricsMBean implements DynamicMBean {
    private static final Logger log = LoggerFactory.getLogger(MetricsMBean.class);

    private final Metrics metrics;
    private final java.util.function.Supplier<java.util.Map<String, Long>> bufferGauges;
    private final MBeanInfo info;
    private ObjectName name;

    public MetricsMBean(Metrics metrics, java.util.function.Supplier<java.util.Map<String, Long>> bufferGauges, String target) {
        this.metrics = metrics;
        this.bufferGauges = bufferGauges;
        List<MBeanAttributeInfo> attributes = new ArrayList<>();
        for (Event event : Event.values()) {
            attributes.add(new MBeanAttributeInfo(event.name(), "long", "Counter: " + event.description, true, false, false));
        }
        for (Gauge gauge : Gauge.values()) {
            attributes.add(new MBeanAttributeInfo(gauge.name(), "long", "Gauge: " + gauge.description, true, false, false));
        }
        for (String name : bufferGauges.get().keySet()) {
            attributes.add(new MBeanAttributeInfo(name, "long", "Gauge of the buffer plugin", true, false, false));
        }
        this.info = new MBeanInfo(MetricsMBean.class.getName(), "Sluice async insert engine for " + target,
                attributes.toArray(MBeanAttributeInfo[]::new), null, null, null);
    }

    /** Registers the MBean with the platform server; a failure is logged, never fatal to the engine. */
    public void register(String target, int id) {
        try {
            ObjectName objectName = new ObjectName("io.sluice:type=AsyncInsertEngine,target=" + ObjectName.quote(target) + ",id=" + id);
            ManagementFactory.getPlatformMBeanServer().registerMBean(this, objectName);
            name = objectName;
        } catch (InstanceAlreadyExistsException | MBeanRegistrationException | javax.management.NotCompliantMBeanException
                | javax.management.MalformedObjectNameException e) {
            log.warn("Sluice could not register its JMX MBean for {}", target, e);
        }
    }

    /** Removes the MBean; calling it twice does nothing. */
    public void unregister() {
        if (name == null) {
            return;
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException | MBeanRegistrationException e) {
            log.debug("Sluice JMX MBean {} was already gone", name, e);
        }
        name = null;
    }

    public ObjectName name() {
        return name;
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        for (Event event : Event.values()) {
            if (event.name().equals(attribute)) {
                return metrics.get(event);
            }
        }
        for (Gauge gauge : Gauge.values()) {
            if (gauge.name().equals(attribute)) {
                return metrics.get(gauge);
            }
        }
        Long bufferGauge = bufferGauges.get().get(attribute);
        if (bufferGauge != null) {
            return bufferGauge;
        }
        throw new AttributeNotFoundException("Sluice has no counter or gauge named " + attribute);
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList list = new AttributeList();
        for (String attribute : attributes) {
            try {
                list.add(new Attribute(attribute, getAttribute(attribute)));
            } catch (AttributeNotFoundException e) {
                // JMX leaves unknown attributes out of the list.
            }
        }
        return list;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("Sluice's metrics are read-only: " + attribute.getName());
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) throws javax.management.MBeanException {
        throw new javax.management.MBeanException(new UnsupportedOperationException("Sluice's metrics MBean has no operations: " + actionName));
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return info;
    }
}
