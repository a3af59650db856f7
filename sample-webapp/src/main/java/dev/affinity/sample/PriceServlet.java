package dev.affinity.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /price?id=…&amount=…}: a price whose base is slow to compute and then kept in this
 * node's cache, so a repeat served by the key's owner answers at once with {@code X-Cached: true}.
 */
public class PriceServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final int MAX_AMOUNT = 1_000;

    private final transient PriceCache cache = new PriceCache(10_000);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = request.getParameter("id");
        if (id == null || !id.matches("[A-Za-z0-9_-]{1,64}")) {
            JsonResponses.refuse(response, 400, "id must be 1 to 64 letters, digits, '-' or '_'");
            return;
        }
        int amount;
        try {
            amount = Integer.parseInt(request.getParameter("amount") == null ? "1" : request.getParameter("amount"));
        } catch (NumberFormatException e) {
            amount = -1;
        }
        if (amount < 1 || amount > MAX_AMOUNT) {
            JsonResponses.refuse(response, 400, "amount must be a whole number from 1 to " + MAX_AMOUNT);
            return;
        }
        PriceCache.Lookup base = cache.basePrice(id);
        response.setHeader("X-Cached", String.valueOf(base.cached()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", JsonResponses.node(getServletContext()));
        body.put("id", id);
        body.put("amount", amount);
        body.put("unitPrice", base.price());
        body.put("price", base.price().multiply(BigDecimal.valueOf(amount)).setScale(2, RoundingMode.HALF_EVEN));
        body.put("cached", base.cached());
        JsonResponses.write(response, body);
    }
}
