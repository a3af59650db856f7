package dev.affinity.spring.sample;

import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sample Boot application of the starter's tests: Spring MVC on embedded Jetty, the starter
 * from its properties only. {@code GET /session/set?name=N&value=V} sets a session attribute,
 * {@code GET /session/dump} answers every attribute, sorted by name.
 */
@SpringBootApplication
@RestController
public class SampleApp {

    @GetMapping("/session/set")
    String set(HttpSession session, @RequestParam("name") String name, @RequestParam("value") String value) {
        session.setAttribute(name, value);
        return "ok";
    }

    @GetMapping("/session/dump")
    String dump(HttpSession session) {
        Map<String, Object> attributes = new TreeMap<>();
        for (String name : Collections.list(session.getAttributeNames())) {
            attributes.put(name, session.getAttribute(name));
        }
        return attributes.toString();
    }
}
