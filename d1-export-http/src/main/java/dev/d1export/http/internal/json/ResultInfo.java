package dev.d1export.http.internal.json;

/** The paging of a list answer ({@code result_info}): which page this is and how many items there are in all. */
public class ResultInfo {

    /** This page, from 1. */
    public Integer page;

    /** Items per page. */
    public Integer perPage;

    /** Items on this page. */
    public Integer count;

    /** Items on all pages. */
    public Integer totalCount;

    /** Pages in all, which some Cloudflare lists send instead of, or besides, {@link #totalCount}. */
    public Integer totalPages;

    /** For JSON-B. */
    public ResultInfo() {
    }
}
