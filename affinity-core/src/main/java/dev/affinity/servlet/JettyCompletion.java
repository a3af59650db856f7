package dev.affinity.servlet;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Jetty 12's end of an exchange ({@code org.eclipse.jetty.server.Request.addCompletionListener}),
 * which runs however the request ended, aborted responses included. Reached through the request's
 * own classes, so it works where a webapp cannot see Jetty's (a WAR on a standalone Jetty); on any
 * other container it does nothing.
 */
final class JettyCompletion {
    private static final ClassValue<Optional<MethodHandle>> ADDERS = new ClassValue<>() {
        @Override
        protected Optional<MethodHandle> computeValue(Class<?> requestType) {
            return adder(requestType.getClassLoader());
        }
    };

    private JettyCompletion() {
    }

    /** Runs {@code action} when Jetty ends the exchange of {@code request}; nothing on other containers. */
    static void whenEnded(ServletRequest request, Runnable action) {
        Optional<MethodHandle> adder = ADDERS.get(containerRequest(request).getClass());
        if (adder.isEmpty()) {
            return;
        }
        Consumer<Throwable> listener = failure -> action.run();
        try {
            adder.get().invoke(request, listener);
        } catch (Error e) {
            throw e;
        } catch (Throwable noExchange) {
            // a request Jetty cannot trace to its exchange: the AsyncListener alone tells its end
        }
    }

    private static ServletRequest containerRequest(ServletRequest request) {
        ServletRequest inner = request;
        for (int depth = 0; depth < 64 && inner instanceof ServletRequestWrapper wrapper; depth++) {
            inner = wrapper.getRequest();
        }
        return inner;
    }

    /** {@code (ServletRequest, Consumer)void} that adds a completion listener to the request's Jetty exchange, where the loader has Jetty 12 ee10. */
    private static Optional<MethodHandle> adder(ClassLoader loader) {
        if (loader == null) {
            return Optional.empty();
        }
        try {
            Class<?> contextRequest = Class.forName("org.eclipse.jetty.ee10.servlet.ServletContextRequest", false, loader);
            Class<?> coreRequest = Class.forName("org.eclipse.jetty.server.Request", false, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle find = lookup.findStatic(contextRequest, "getServletContextRequest",
                    MethodType.methodType(contextRequest, ServletRequest.class));
            MethodHandle add = lookup.findStatic(coreRequest, "addCompletionListener",
                    MethodType.methodType(void.class, coreRequest, Consumer.class));
            MethodHandle adder = MethodHandles.filterArguments(add, 0, find.asType(MethodType.methodType(coreRequest, ServletRequest.class)));
            return Optional.of(adder.asType(MethodType.methodType(void.class, ServletRequest.class, Consumer.class)));
        } catch (ReflectiveOperationException | LinkageError notJetty) {
            return Optional.empty();
        }
    }
}
