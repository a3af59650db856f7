package dev.affinity.spring;

import com.hazelcast.core.HazelcastInstance;
import dev.affinity.filter.AffinityFilter;
import dev.affinity.metrics.Micrometer;
import dev.affinity.session.SessionBackupFilter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Registers the toolkit's filters in a Spring Boot servlet application's embedded container, as
 * the README's {@code web.xml} does: {@code AffinityFilter} first, then {@code SessionBackupFilter},
 * both async-supported on {@code /*}, with their {@code affinity.filter.*} and
 * {@code affinity.session.*} properties as init-params, so a bad setting stops the start with the
 * filter's own message. Both come before Boot's other filters (form-body and method filters, Spring
 * Security, Spring Session), since a forwarded request must reach its owner unread. The
 * application's {@code HazelcastInstance} and {@code MeterRegistry} beans, when it has one of
 * each, are handed to the filters through their servlet-context attributes.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "affinity", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(AffinityProperties.class)
public class AffinityAutoConfiguration {
    /** The affinity filter's order: ahead of every filter Boot or Spring registers. */
    public static final int AFFINITY_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
    /** The session backup filter's order: right after the affinity filter. */
    public static final int SESSION_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    /** {@code AffinityFilter}, unless {@code affinity.filter.enabled=false}. */
    @Bean
    @ConditionalOnProperty(prefix = "affinity.filter", name = "enabled", havingValue = "true", matchIfMissing = true)
    public FilterRegistrationBean<AffinityFilter> affinityFilter(AffinityProperties properties) {
        return registration(new AffinityFilter(), "affinity", properties.getFilter(), AFFINITY_FILTER_ORDER);
    }

    /** {@code SessionBackupFilter}, unless {@code affinity.session.enabled=false}. */
    @Bean
    @ConditionalOnProperty(prefix = "affinity.session", name = "enabled", havingValue = "true", matchIfMissing = true)
    public FilterRegistrationBean<SessionBackupFilter> sessionBackupFilter(AffinityProperties properties) {
        return registration(new SessionBackupFilter(), "session-backup", properties.getSession(), SESSION_FILTER_ORDER);
    }

    /** The application's {@code HazelcastInstance} bean, if it has exactly one, for the session filter. */
    @Bean
    public ServletContextInitializer affinityHazelcastInstance(ObjectProvider<HazelcastInstance> hazelcast) {
        return context -> hazelcast.ifUnique(instance -> context.setAttribute(SessionBackupFilter.HAZELCAST_ATTRIBUTE, instance));
    }

    private static <F extends Filter> FilterRegistrationBean<F> registration(F filter, String name, Map<String, String> settings,
                                                                            int order) {
        FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
        registration.setName(name);
        registration.setAsyncSupported(true);
        registration.addUrlPatterns("/*");
        registration.setOrder(order);
        Map<String, String> initParameters = new LinkedHashMap<>(settings);
        initParameters.remove("enabled");
        registration.setInitParameters(initParameters);
        return registration;
    }

    /** The application's {@code MeterRegistry} bean, if it has exactly one, for both filters' meters. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {
        @Bean
        ServletContextInitializer affinityMeterRegistry(ObjectProvider<MeterRegistry> registry) {
            return context -> registry.ifUnique(instance -> context.setAttribute(Micrometer.REGISTRY_ATTRIBUTE, instance));
        }
    }
}
