/**
 * Answers a list export: the workbook of a grid's current view, streamed. The first page is read
 * before anything is sent, so a bad filter is still a clear 4xx; `X-Export-Rows` and `X-Export-Total`
 * tell the tab when the view holds more rows than one export (it says so, and the workbook does too).
 */
import type { Response } from 'express';
import type { AppServices } from '../../shared/services/app-services';
import { XLSX_CONTENT_TYPE } from '../../shared/services/export-service';
import { writeListWorkbook, type ListWorkbook } from '../../shared/services/list-export';

export async function sendListWorkbook<T>(res: Response, services: AppServices, list: ListWorkbook<T>, fileStem: string): Promise<void> {
  const day = services.now().toISOString().slice(0, 10);
  await writeListWorkbook(list, res, services.now().toISOString(), {
    onStart: ({ rows, total }) => {
      res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
      res.setHeader('Content-Disposition', `attachment; filename="${fileStem}-${day}.xlsx"`);
      res.setHeader('X-Export-Rows', String(rows));
      res.setHeader('X-Export-Total', String(total));
    },
  });
}
