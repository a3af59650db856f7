package dev.affinity.benchmarks;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shop's session workload: {@code op=new} starts a session holding a profile, preferences, a
 * browsing history and an empty cart (about 6 KiB serialized); {@code op=view} reads the cart;
 * {@code op=add} adds an item to the cart (at most {@value #CART_LIMIT}, the oldest dropped) and
 * sets it again. Every answer is the number of items in the cart.
 */
final class CartApp extends HttpServlet {
    static final int CART_LIMIT = 20;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String op = request.getParameter("op");
        HttpSession session = request.getSession("new".equals(op));
        if (session == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no session");
            return;
        }
        if ("new".equals(op)) {
            fill(session);
        }
        @SuppressWarnings("unchecked")
        List<String> cart = (List<String>) session.getAttribute("cart");
        if ("add".equals(op)) {
            List<String> changed = new ArrayList<>(cart);
            if (changed.size() == CART_LIMIT) {
                changed.remove(0);
            }
            changed.add("item-" + request.getParameter("item"));
            session.setAttribute("cart", changed);
            cart = changed;
        }
        response.setContentType("text/plain");
        response.getWriter().print(cart.size());
    }

    private static void fill(HttpSession session) {
        session.setAttribute("profile", "customer profile ".repeat(120));
        Map<String, String> preferences = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            preferences.put("preference-" + i, "value-" + i);
        }
        session.setAttribute("preferences", preferences);
        List<String> history = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            history.add("/catalog/product-" + i);
        }
        session.setAttribute("history", history);
        session.setAttribute("cart", new ArrayList<String>());
    }
}
