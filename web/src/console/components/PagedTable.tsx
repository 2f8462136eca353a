import { Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { ErrorAlert, useLoad } from './common.tsx';
import { Pager } from './Pager.tsx';

/** The query field of one page after `startingAfter` (none for the first page). */
export function after(startingAfter: string | undefined): { starting_after?: string } {
  return startingAfter === undefined ? {} : { starting_after: startingAfter };
}

/**
 * A list the API pages by keyset, newest first: the table with its loading and
 * error states, and Previous / Next. `load` asks for one page after an id;
 * `deps` are what the list depends on besides the page (a filter, the
 * customer shown): when they change, paging starts again at the first page.
 */
export function PagedTable<T extends { id: string }>({ load, deps, columns, testId }: { load: (startingAfter: string | undefined) => Promise<{ data: T[]; has_more: boolean }>; deps: readonly unknown[]; columns: TableColumnsType<T>; testId?: string }) {
  const key = JSON.stringify(deps);
  // The ids each page starts after, for the list `key` names; another key starts afresh.
  const [paging, setPaging] = useState<{ key: string; stack: string[] }>({ key, stack: [] });
  const stack = paging.key === key ? paging.stack : [];
  const startingAfter = stack[stack.length - 1];
  const loaded = useLoad(() => load(startingAfter), [key, startingAfter]);
  const rows = loaded.data?.data ?? [];
  return (
    <>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <Table<T> rowKey="id" size="small" pagination={false} loading={loaded.loading} dataSource={rows} columns={columns} data-testid={testId} />
      <Pager
        page={stack.length + 1}
        hasMore={loaded.data?.has_more ?? false}
        lastId={rows[rows.length - 1]?.id}
        onNext={(lastId) => setPaging({ key, stack: [...stack, lastId] })}
        onPrevious={() => setPaging({ key, stack: stack.slice(0, -1) })}
      />
    </>
  );
}
