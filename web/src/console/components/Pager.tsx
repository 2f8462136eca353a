import { Button, Space } from 'antd';
import { useCallback, useState } from 'react';
import { useI18n } from '../../i18n.tsx';

/**
 * Keyset paging as the API does it: the next page starts after the last id of
 * this one; going back pops the cursor stack (the API's lists are newest first).
 */
export function useCursor(): { cursor: string | undefined; page: number; next: (lastId: string) => void; previous: () => void; reset: () => void } {
  const [stack, setStack] = useState<string[]>([]);
  return {
    cursor: stack[stack.length - 1],
    page: stack.length + 1,
    next: useCallback((lastId: string) => setStack((s) => [...s, lastId]), []),
    previous: useCallback(() => setStack((s) => s.slice(0, -1)), []),
    reset: useCallback(() => setStack([]), []),
  };
}

export function Pager({ page, hasMore, lastId, onNext, onPrevious }: { page: number; hasMore: boolean; lastId: string | undefined; onNext: (lastId: string) => void; onPrevious: () => void }) {
  const { t } = useI18n();
  return (
    <Space style={{ marginTop: 12, justifyContent: 'flex-end', width: '100%' }}>
      <span style={{ color: '#888' }}>{t(`第 ${page} 页`, `Page ${page}`)}</span>
      <Button size="small" disabled={page === 1} onClick={onPrevious} data-testid="page-previous">
        {t('上一页', 'Previous')}
      </Button>
      <Button size="small" disabled={!hasMore || lastId === undefined} onClick={() => lastId !== undefined && onNext(lastId)} data-testid="page-next">
        {t('下一页', 'Next')}
      </Button>
    </Space>
  );
}
