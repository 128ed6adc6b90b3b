import { renderTable } from './table';

describe('renderTable', () => {
  it('pads every column to its widest cell', () => {
    expect(
      renderTable(
        ['User', 'Status'],
        [
          ['Ada Lovelace', 'Created'],
          ['Bo', ''],
        ],
      ),
    ).toBe(['User          Status', '------------  -------', 'Ada Lovelace  Created', 'Bo'].join('\n'));
  });
});
