// Package gen generates a realistic, deterministic catalogue of German
// municipal open-data datasets: organisations (Stadt, Gemeinde, Landkreis)
// with their areas, and datasets with varied German titles, descriptions,
// keywords, themes, formats, licences, spatial and temporal coverage. The
// same seed always yields the same catalogue, and dataset i can be made
// without making datasets 0..i-1, so benchmarks of search, the DCAT dump
// and `datenportal bench` can share one corpus of any size without
// holding it in memory.
package gen
