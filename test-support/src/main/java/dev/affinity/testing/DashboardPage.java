package dev.affinity.testing;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;

/**
 * The balancer's farm dashboard as a browser shows it: one row per member of a pool, a cell per
 * column, drain and undrain buttons. The page renders its rows anew on each refresh, so cells are
 * read by one script in the page (which no refresh can interrupt), never through an element found
 * before: Chromium reports such an element, once replaced, as stale or as a node that "does not
 * belong to the document".
 */
public final class DashboardPage {
    private final WebDriver browser;
    private final String pool;

    /** The rows of pool {@code pool} of the dashboard open in {@code browser}. */
    public DashboardPage(WebDriver browser, String pool) {
        this.browser = browser;
        this.pool = pool;
    }

    /** The text of column {@code column} (its cell's class: {@code state}, {@code balancer}, {@code share}, ...) in {@code member}'s row; empty when there is no such cell. */
    public String cell(String member, String column) {
        Object text = script("const cell = document.querySelector(arguments[0]); return cell ? cell.innerText.trim() : '';",
                "#pool-" + pool + " tr[data-member='" + member + "'] td." + column);
        return (String) text;
    }

    /** The texts of column {@code column} in every member's row, in page order, as one rendering of the page shows them. */
    public List<String> column(String column) {
        Object texts = script("return Array.from(document.querySelectorAll(arguments[0])).map(cell => cell.innerText.trim());",
                "#pool-" + pool + " tbody tr.member td." + column);
        return ((List<?>) texts).stream().map(String.class::cast).toList();
    }

    /**
     * Presses {@code member}'s {@code action} button ({@code drain}, {@code undrain}); {@code false}
     * when the page rendered its rows anew under the click, to be pressed again (in a browser wait).
     */
    public boolean pressed(String member, String action) {
        try {
            browser.findElement(By.cssSelector("#pool-" + pool + " tr[data-member='" + member + "'] button[value='" + action + "']")).click();
            return true;
        } catch (StaleElementReferenceException e) {
            return false;
        } catch (WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return false;
            }
            throw e;
        }
    }

    private Object script(String script, String selector) {
        return ((JavascriptExecutor) browser).executeScript(script, selector);
    }
}
