package dev.transportlab.web;

/**
 * Marks a page controller of another feature (jobs, benchmark) whose views use the
 * layout: it gets the same model as the lab's own pages ({@code lang},
 * {@code uiMessagesJson}).
 */
public interface LabPage {

}
