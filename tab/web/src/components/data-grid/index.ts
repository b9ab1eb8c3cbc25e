export { DataGrid, type DataGridProps, type GridColumn, type GridSort } from './DataGrid';
export { CommandBar } from './CommandBar';
export { gridRows, usePagedRows, type PagedRows, type PageAnswer } from './use-paged-rows';
export { sortRows, byText, byNumber, type RowComparators } from './sort-rows';
