import { SaleNotFoundError } from '../../../../domain/catalog/catalog.errors';
import { FlashSale, type FlashSaleProps } from '../../../../domain/catalog/flash-sale';
import { FlashSaleRepository } from '../../../../domain/catalog/flash-sale.repository';
import { type CaptchaChallenges, type CaptchaRequest } from '../../../../domain/risk/captcha-challenges';
import { CaptchaNotNeededError } from '../../../../domain/risk/risk.errors';
import { IssueCaptchaQry } from './issue-captcha.qry';
import { IssueCaptchaQryExe } from './issue-captcha.qry-exe';

function sale(id: string, captchaRequired: boolean): FlashSale {
  const props: FlashSaleProps = {
    id,
    productId: '1',
    title: 'Sneakers',
    salePriceCents: 9900,
    stock: 100,
    perUserLimit: 1,
    startsAt: new Date('2030-01-01T10:00:00Z'),
    endsAt: new Date('2030-01-01T11:00:00Z'),
    strategy: 'sync',
    bucketCount: 1,
    paymentTimeoutSeconds: 900,
    captchaRequired,
    captchaKind: 'pow',
    captchaDifficulty: 100000,
    createdAt: new Date('2029-12-01T00:00:00Z'),
    updatedAt: new Date('2029-12-01T00:00:00Z'),
  };
  return new FlashSale(props);
}

describe('IssueCaptchaQryExe', () => {
  const sales = new Map([
    ['10', sale('10', true)],
    ['11', sale('11', false)],
  ]);
  const issued: [string, string, CaptchaRequest][] = [];
  const exe = new IssueCaptchaQryExe(
    // Only findById is faked; getById is the port's own.
    Object.assign(Object.create(FlashSaleRepository.prototype) as FlashSaleRepository, {
      findById: (id: string) => Promise.resolve(sales.get(id) ?? null),
    }),
    {
      issue: (userId: string, saleId: string, request: CaptchaRequest) => {
        issued.push([userId, saleId, request]);
        return Promise.resolve({ captchaId: 'c-1', kind: 'image', svg: '<svg/>' });
      },
    } as unknown as CaptchaChallenges,
  );

  beforeEach(() => (issued.length = 0));

  it("issues a captcha of the sale's kind and difficulty, bound to the caller and the sale", async () => {
    await expect(exe.execute(new IssueCaptchaQry('7', '10'))).resolves.toEqual({
      captchaId: 'c-1',
      kind: 'image',
      svg: '<svg/>',
    });
    expect(issued).toEqual([['7', '10', { kind: 'pow', difficulty: 100000 }]]);
  });

  it('answers NOT_FOUND for an unknown sale', async () => {
    await expect(exe.execute(new IssueCaptchaQry('7', '99'))).rejects.toThrow(SaleNotFoundError);
    expect(issued).toHaveLength(0);
  });

  it('answers BAD_REQUEST for a sale that needs no captcha', async () => {
    const attempt = exe.execute(new IssueCaptchaQry('7', '11'));
    await expect(attempt).rejects.toThrow(CaptchaNotNeededError);
    await expect(attempt).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'This sale needs no captcha',
    });
    expect(issued).toHaveLength(0);
  });
});
