package dev.affinity.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The session cart: {@code GET /cart}, {@code POST /cart/items} with {@code {"sku":…,"quantity":…}},
 * {@code DELETE /cart/items/{sku}}. The cart is set again after each change, so the session backup
 * sees the change; looking at an empty cart creates no session. A change sent again with the
 * {@code Idempotency-Key} of the session's last change is answered with the cart as it is, not
 * applied twice.
 */
public class CartServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY = 4_096;
    private static final int MAX_QUANTITY = 99;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/cart".equals(request.getServletPath()) || request.getPathInfo() != null) {
            JsonResponses.refuse(response, 404, "not found");
            return;
        }
        HttpSession session = request.getSession(false);
        if (session == null) {
            JsonResponses.write(response, view(null, new Cart()));
            return;
        }
        synchronized (session) {
            JsonResponses.write(response, view(session, cart(session)));
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/cart/items".equals(request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo()))) {
            JsonResponses.refuse(response, 404, "not found");
            return;
        }
        if (request.getContentLengthLong() > MAX_BODY) {
            JsonResponses.refuse(response, 413, "the item must be at most " + MAX_BODY + " bytes of JSON");
            return;
        }
        if (AppliedRequest.refuseMalformed(request, response)) {
            return;
        }
        JsonNode item;
        try {
            item = JsonResponses.JSON.readTree(request.getInputStream().readNBytes(MAX_BODY));
        } catch (JsonProcessingException e) {
            JsonResponses.refuse(response, 400, "the body must be JSON such as {\"sku\":\"apple\",\"quantity\":2}");
            return;
        }
        String sku = item == null || !item.path("sku").isTextual() ? null : item.path("sku").asText();
        if (sku == null || !Catalog.contains(sku)) {
            JsonResponses.refuse(response, 400, "unknown sku: accepted: " + String.join(", ", Catalog.PRICES.keySet()));
            return;
        }
        JsonNode quantity = item.path("quantity");
        if (!quantity.isInt() || quantity.asInt() < 1 || quantity.asInt() > MAX_QUANTITY) {
            JsonResponses.refuse(response, 400, "quantity must be a whole number from 1 to " + MAX_QUANTITY);
            return;
        }
        HttpSession session = request.getSession();
        synchronized (session) {
            Cart cart = cart(session);
            if (!AppliedRequest.isApplied(session, request)) {
                cart.add(sku, quantity.asInt());
                session.setAttribute("cart", cart);
                AppliedRequest.noteApplied(session, request);
            }
            JsonResponses.write(response, view(session, cart));
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (!"/cart/items".equals(request.getServletPath()) || path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            JsonResponses.refuse(response, 404, "not found");
            return;
        }
        if (AppliedRequest.refuseMalformed(request, response)) {
            return;
        }
        HttpSession session = request.getSession();
        synchronized (session) {
            Cart cart = cart(session);
            if (!AppliedRequest.isApplied(session, request)) {
                if (!cart.remove(path.substring(1))) {
                    JsonResponses.refuse(response, 404, "that sku is not in the cart");
                    return;
                }
                session.setAttribute("cart", cart);
                AppliedRequest.noteApplied(session, request);
            }
            JsonResponses.write(response, view(session, cart));
        }
    }

    private static Cart cart(HttpSession session) {
        Cart cart = (Cart) session.getAttribute("cart");
        return cart == null ? new Cart() : cart;
    }

    private Map<String, Object> view(HttpSession session, Cart cart) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", JsonResponses.node(getServletContext()));
        body.put("session", session == null ? null : session.getId());
        body.put("items", cart.items());
        body.put("total", cart.total());
        return body;
    }
}
