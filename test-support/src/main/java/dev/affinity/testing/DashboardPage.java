package dev.affinity.testing;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The balancer's farm dashboard as a browser shows it: one row per member of a pool, a cell per column, drain and undrain buttons. */
public final class DashboardPage {
    private final WebDriver browser;
    private final String pool;

    /** The rows of pool {@code pool} of the dashboard open in {@code browser}. */
    public DashboardPage(WebDriver browser, String pool) {
        this.browser = browser;
        this.pool = pool;
    }

    /** Every member's row. */
    public List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#pool-" + pool + " tbody tr.member"));
    }

    /** The row of {@code member}. */
    public WebElement row(String member) {
        return browser.findElement(By.cssSelector("#pool-" + pool + " tr[data-member='" + member + "']"));
    }

    /** The text of column {@code column} (its cell's class: {@code state}, {@code balancer}, {@code share}, ...) in {@code member}'s row. */
    public String cell(String member, String column) {
        return cell(row(member), column);
    }

    /** The text of column {@code column} in {@code row}. */
    public static String cell(WebElement row, String column) {
        return row.findElement(By.cssSelector("td." + column)).getText();
    }

    /**
     * Presses {@code member}'s {@code action} button ({@code drain}, {@code undrain}); {@code false}
     * when the page reloaded itself under the click, to be pressed again (in a browser wait).
     */
    public boolean pressed(String member, String action) {
        try {
            row(member).findElement(By.cssSelector("button[value='" + action + "']")).click();
            return true;
        } catch (StaleElementReferenceException e) {
            return false;
        }
    }
}
